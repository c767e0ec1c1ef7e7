#!/usr/bin/env bash
# The speed and scale benchmark of SPEC section 9, in one command:
#
#   bash bench/run.sh
#
# It builds `roadmap` in release mode, generates roadmaps of 1,000, 10,000 and
# 100,000 items with a progress record for each (examples/generate.rs), and times
# whole processes with hyperfine (medians over repeated runs), each beside a floor:
# `true` for the built-in roadmap, `cat` of the same files for the generated ones.
# Peak memory comes from GNU time. Where Taskwarrior is installed, the same items
# are imported as tasks and `task import`, `task list`, `task export` and
# `task ID done` are timed beside ours. Also timed: `import` of a full JSON export
# into an empty home, bash tab completion of `roadmap done <TAB>` (beside bash
# sourcing the same completion script and completing nothing), the first run
# after the roadmap YAML changed (the parsed-roadmap cache emptied before each
# run), and `status` on the same progress written by hand as dotted keys.
# It prints one table and writes bench/RESULTS.md.
#
# Needs: cargo, hyperfine (apt-get install -y hyperfine), GNU time at /usr/bin/time
# (apt-get install -y time). Optional: Taskwarrior (apt-get install -y taskwarrior).
# Every run uses a private temporary HOME and XDG folders, never yours.
#
# Settings (environment):
#   BENCH_SIZES="1000 10000 100000"  roadmap sizes, in items
#   BENCH_RUNS=30                     timed runs per command below 100,000 items
#   BENCH_RUNS_LARGE=5                timed runs per command at 100,000 items and more
#   BENCH_TASK_MAX_ITEMS=10000        largest size given to Taskwarrior: a single
#                                     `task list` of 100,000 tasks takes minutes
#   BENCH_OUT=bench/RESULTS.md        where the report goes
#   CARGO_TARGET_DIR                  honoured, as cargo does
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SIZES=${BENCH_SIZES:-"1000 10000 100000"}
RUNS=${BENCH_RUNS:-30}
RUNS_LARGE=${BENCH_RUNS_LARGE:-5}
TASK_MAX_ITEMS=${BENCH_TASK_MAX_ITEMS:-10000}
OUT=${BENCH_OUT:-$ROOT/bench/RESULTS.md}
TODAY=2026-06-01 # the day examples/generate.rs builds its history up to

fail() {
    echo "bench: $*" >&2
    exit 1
}

command -v cargo >/dev/null || fail "cargo is not installed (https://rustup.rs)."
command -v hyperfine >/dev/null ||
    fail "hyperfine is not installed. Install it with \`apt-get install -y hyperfine\` (Debian/Ubuntu) or \`cargo install hyperfine\`, then run this again."
[ -x /usr/bin/time ] ||
    fail "GNU time (/usr/bin/time) is not installed; it measures peak memory. Install it with \`apt-get install -y time\`, then run this again."
HAVE_TASK=no
if command -v task >/dev/null; then
    HAVE_TASK=yes
else
    echo "bench: Taskwarrior is not installed (apt-get install -y taskwarrior); its column will say so." >&2
fi

RUSTC_VERSION=$(rustc --version)
echo "== building (release)" >&2
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
(cd "$ROOT" && cargo build --release --quiet --bin roadmap --example generate --example tui_frames)
BIN=$TARGET/release/roadmap
# The completion script calls `roadmap` by name.
export PATH="$TARGET/release:$PATH"
GEN=$TARGET/release/examples/generate
UI_FRAMES=$TARGET/release/examples/tui_frames

WORK=$(mktemp -d "${TMPDIR:-/tmp}/roadmap-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# A private HOME and XDG folders for every run, including the parsed-roadmap cache.
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data XDG_CACHE_HOME=$WORK/cache
export ROADMAP_TODAY=$TODAY LC_ALL=C
unset ROADMAP_PROGRESS NO_COLOR CLICOLOR_FORCE TASKRC TASKDATA
mkdir -p "$HOME" "$XDG_CONFIG_HOME/roadmap/roadmaps" "$XDG_DATA_HOME" "$XDG_CACHE_HOME"

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# hf RUNS PREPARE CMD FLOOR: time CMD and FLOOR (each a command line run without a
# shell), PREPARE (or "") before each run; prints the two medians in ms. The floor
# is timed before and after CMD and the lower median kept, so a burst of other
# work on the machine during one of them does not flatter the ratio.
hf() {
    local runs=$1 prepare=$2 cmd=$3 floor=$4
    local args=(-N --style none --runs "$runs" --warmup $((runs > 5 ? 3 : 1)) --export-csv "$WORK/hf.csv" --export-json "$WORK/hf.json")
    [ -n "$prepare" ] && args+=(--prepare "$prepare")
    hyperfine "${args[@]}" "$floor" "$cmd" "$floor" >/dev/null 2>>"$WORK/hyperfine.log" ||
        fail "hyperfine failed on \`$cmd\`; see its messages above"
    # CSV columns: command, mean, stddev, median, user, system, min, max (seconds).
    awk -F, 'NR > 1 { m[NR - 1] = $4 * 1000; sd[NR - 1] = $3 * 1000; lo[NR - 1] = $7 * 1000; hi[NR - 1] = $8 * 1000 }
        END { printf "%.2f %.2f %.2f–%.2f,σ%.2f\n", m[2], (m[1] < m[3] ? m[1] : m[3]), lo[2], hi[2], sd[2] }' "$WORK/hf.csv"
}

# ir CMD...: instructions one run executes (callgrind), repeatable whatever the
# load; "-" without valgrind or with BENCH_CALLGRIND=0.
ir() {
    if [ "${BENCH_CALLGRIND:-1}" = 0 ] || ! command -v valgrind >/dev/null; then
        echo "-"
        return
    fi
    valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" 2>&1 >/dev/null |
        awk '/Collected/ { n = $NF; s = ""; while (length(n) > 3) { s = "," substr(n, length(n) - 2) s; n = substr(n, 1, length(n) - 3) } print n s }'
}

# peak CMD...: the peak resident memory of one run, in MB.
peak() {
    /usr/bin/time -f %M -o "$WORK/time.out" "$@" >/dev/null 2>&1 || fail "\`$*\` failed"
    awk '{ printf "%.1f", $1 / 1024 }' "$WORK/time.out"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.1f", a / b; else print "-" }'; }

ROWS=() # markdown table rows
UI_ROWS=() # `roadmap ui` rows
declare -A MEDIAN PEAK
SWEEP_LABEL=()
SWEEP_PEAK=()

row() { # case items runs ours floor peak task spread instructions
    ROWS+=("| $1 | $2 | $3 | $4 | ${8:--} | ${9:--} | $5 | $(ratio "$4" "$5")x | $6 | $7 |")
}

# --- The built-in roadmap, beside `true`. -------------------------------------------
echo "== built-in roadmap" >&2
BUILTIN_PROGRESS=$WORK/builtin-progress.toml
export ROADMAP_PROGRESS=$BUILTIN_PROGRESS
"$BIN" done python git-basics statistics probability linear-algebra --on 2026-03-01 2>/dev/null
"$BIN" start prompt-engineering --on 2026-05-01 2>/dev/null
"$BIN" status >/dev/null # fills the parsed-roadmap cache, as any first run does
BUILTIN_ITEMS=$("$BIN" roadmaps --json | awk -F': ' '/"items"/ { gsub(/[^0-9]/, "", $2); print $2; exit }')
read -r ours floor spread <<<"$(hf 300 "" "$BIN status" "true")"
MEDIAN[builtin]=$ours
MEDIAN[true]=$floor
PEAK[builtin]=$(peak "$BIN" status)
row "\`status\`, built-in roadmap (floor: \`true\`)" "$BUILTIN_ITEMS" 300 "$ours" "$floor" "${PEAK[builtin]}" "-" "$spread" "$(ir "$BIN" status)"
unset ROADMAP_PROGRESS

# --- Taskwarrior, on the same items. --------------------------------------------------
TASKRC_FILE=$WORK/taskrc
printf 'confirmation=off\nverbose=nothing\nhooks=off\nnews.version=%s\n' \
    "$( [ $HAVE_TASK = yes ] && task --version 2>/dev/null || echo 0)" >"$TASKRC_FILE"
task_cmd() { echo "task rc:$TASKRC_FILE rc.data.location=$1"; }

# --- Generated roadmaps. ------------------------------------------------------------
for n in $SIZES; do
    echo "== $n items" >&2
    dir=$WORK/gen-$n
    info=$("$GEN" --items "$n" --out "$dir")
    value() { awk -F= -v k="$1" '$1 == k { print $2 }' <<<"$info"; }
    roadmap_file=$(value roadmap)
    fresh=$(value progress)
    item=$(value started_item)
    cp "$roadmap_file" "$XDG_CONFIG_HOME/roadmap/roadmaps/"
    progress=$WORK/progress-$n.toml
    cp "$fresh" "$progress"
    export ROADMAP_PROGRESS=$progress
    runs=$RUNS
    [ "$n" -ge 100000 ] && runs=$RUNS_LARGE

    # The outputs are right before they are timed.
    "$BIN" validate "$roadmap_file" | grep -q ", $n items)" || fail "validate did not accept $roadmap_file"
    "$BIN" status >/dev/null || fail "status failed at $n items"
    count=$("$BIN" export --format json | grep -c '"weight":')
    [ "$count" = "$n" ] || fail "export listed $count items, not $n"
    "$BIN" done "$item" 2>/dev/null
    grep -A1 -F "items.$item]" "$progress" | grep -q 'status = "done"' || fail "done did not mark $item"
    cp "$fresh" "$progress"

    read -r ours floor spread <<<"$(hf "$runs" "" "$BIN status" "cat $roadmap_file $progress")"
    MEDIAN[status-$n]=$ours
    PEAK[status-$n]=$(peak "$BIN" status)
    task_status="not installed"
    task_done="not installed"
    task_export="not installed"
    if [ $HAVE_TASK = yes ] && [ "$n" -gt "$TASK_MAX_ITEMS" ]; then
        task_status="not run (over $TASK_MAX_ITEMS items)"
        task_done=$task_status
        task_export=$task_status
    elif [ $HAVE_TASK = yes ]; then
        pristine=$WORK/task-$n
        scratch=$WORK/task-$n-run
        mkdir -p "$pristine" "$scratch"
        $(task_cmd "$pristine") import "$(value tasks)" >/dev/null 2>&1 || fail "task import failed"
        $(task_cmd "$pristine") list >/dev/null 2>&1 || true # settles the data files
        cp -a -T "$pristine" "$scratch"
        read -r task_list _ <<<"$(hf "$runs" "" "$(task_cmd "$pristine") list" "true")"
        read -r task_export _ <<<"$(hf "$runs" "" "$(task_cmd "$pristine") export" "true")"
        read -r task_done _ <<<"$(hf "$runs" "cp -a -T $pristine $scratch" "$(task_cmd "$scratch") 1 done" "true")"
        task_status="$task_list (\`task list\`)"
        task_export="$task_export (\`task export\`)"
        task_done="$task_done (\`task 1 done\`)"
    fi
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" status)
    row "\`status\`" "$n" "$runs" "$ours" "$floor" "${PEAK[status-$n]}" "$task_status" "$spread" "$ins"

    read -r ours floor spread <<<"$(hf "$runs" "cp $fresh $progress" "$BIN done $item" "cat $roadmap_file $progress")"
    MEDIAN[done-$n]=$ours
    cp "$fresh" "$progress"
    PEAK[done-$n]=$(peak "$BIN" done "$item")
    cp "$fresh" "$progress"
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" done "$item") && cp "$fresh" "$progress"
    row "\`done $item\`" "$n" "$runs" "$ours" "$floor" "${PEAK[done-$n]}" "$task_done" "$spread" "$ins"

    read -r ours floor spread <<<"$(hf "$runs" "" "$BIN export --format json" "cat $roadmap_file $progress")"
    MEDIAN[export-$n]=$ours
    PEAK[export-$n]=$(peak "$BIN" export --format json)
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" export --format json)
    row "\`export --format json\`" "$n" "$runs" "$ours" "$floor" "${PEAK[export-$n]}" "$task_export" "$spread" "$ins"

    # `import` of a full JSON export into an empty home: no progress file, so the
    # built-in roadmap is the active one and every record is kept under its key.
    export_file=$WORK/export-$n.json
    "$BIN" export --format json >"$export_file"
    imported=$WORK/imported-$n.toml
    export ROADMAP_PROGRESS=$imported
    read -r ours floor spread <<<"$(hf "$runs" "rm -f $imported $imported.lock" "$BIN import $export_file" "cat $export_file")"
    MEDIAN[import-$n]=$ours
    rm -f "$imported" "$imported.lock"
    PEAK[import-$n]=$(peak "$BIN" import "$export_file")
    rm -f "$imported" "$imported.lock"
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" import "$export_file") && rm -f "$imported" "$imported.lock"
    import_spread=$spread
    export ROADMAP_PROGRESS=$progress
    task_import="not installed"
    if [ $HAVE_TASK = yes ] && [ "$n" -gt "$TASK_MAX_ITEMS" ]; then
        task_import="not run (over $TASK_MAX_ITEMS items)"
    elif [ $HAVE_TASK = yes ]; then
        fresh_task=$WORK/task-$n-import
        read -r task_import _ <<<"$(hf "$runs" "rm -rf $fresh_task" "$(task_cmd "$fresh_task") import $(value tasks)" "true")"
        task_import="$task_import (\`task import\`)"
    fi
    row "\`import\` of the JSON export, empty home" "$n" "$runs" "$ours" "$floor" "${PEAK[import-$n]}" "$task_import" "$import_spread" "$ins"

    # Bash tab completion of `roadmap done <TAB>`, beside bash sourcing the same
    # script: the difference is what the completion costs.
    "$BIN" completions bash >"$WORK/roadmap.bash"
    printf '%s\n' 'source "$1"' 'COMP_WORDS=(roadmap done "")' 'COMP_CWORD=2' \
        'COMP_LINE="roadmap done "' 'COMP_POINT=${#COMP_LINE}' '_roadmap_dynamic roadmap "" done' \
        '[ "${#COMPREPLY[@]}" -gt 0 ]' >"$WORK/tab.bash"
    echo 'source "$1"' >"$WORK/tab-floor.bash"
    read -r ours floor spread <<<"$(hf "$runs" "" "bash $WORK/tab.bash $WORK/roadmap.bash" "bash $WORK/tab-floor.bash $WORK/roadmap.bash")"
    MEDIAN[complete-$n]=$ours
    MEDIAN[complete-floor-$n]=$floor
    PEAK[complete-$n]=$(peak "$BIN" __complete items-todo "")
    ins=-
    [ "$n" = 10000 ] && ins="$(ir "$BIN" __complete items-todo "") (\`__complete\` alone)"
    row "bash \`roadmap done <TAB>\` (floor: bash sourcing the script)" "$n" "$runs" "$ours" "$floor" "${PEAK[complete-$n]}" "-" "$spread" "$ins"

    # The first run after the roadmap YAML changed: nothing in the cache.
    read -r ours floor spread <<<"$(hf "$runs" "rm -rf $XDG_CACHE_HOME/roadmap" "$BIN status" "cat $roadmap_file $progress")"
    MEDIAN[cold-$n]=$ours
    rm -rf "$XDG_CACHE_HOME/roadmap"
    PEAK[cold-$n]=$(peak "$BIN" status)
    ins=-
    [ "$n" = 10000 ] && rm -rf "$XDG_CACHE_HOME/roadmap" && ins=$(ir "$BIN" status)
    row "\`status\`, cache cold (first run after an edit)" "$n" "$runs" "$ours" "$floor" "${PEAK[cold-$n]}" "-" "$spread" "$ins"

    # The same progress written by hand: every record as dotted keys under one
    # `[roadmaps.ID.items]` table.
    hand=$WORK/hand-$n.toml
    awk '/^\[roadmaps\.[^.]*\.items\./ {
            id = $0; sub(/^\[roadmaps\.[^.]*\.items\./, "", id); sub(/\]$/, "", id)
            if (!opened) { h = $0; sub(/\.items\..*/, ".items]", h); print h; opened = 1 }
            item = id; next
         }
         /^\[/ { item = ""; print; next }
         item != "" && /=/ { print item "." $0; next }
         { print }' "$progress" >"$hand"
    cmp -s <(ROADMAP_PROGRESS=$hand "$BIN" export --format json) <("$BIN" export --format json) ||
        fail "the hand-written layout does not read as the canonical one at $n items"
    export ROADMAP_PROGRESS=$hand
    read -r ours floor spread <<<"$(hf "$runs" "" "$BIN status" "cat $roadmap_file $hand")"
    MEDIAN[hand-$n]=$ours
    PEAK[hand-$n]=$(peak "$BIN" status)
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" status)
    export ROADMAP_PROGRESS=$progress
    row "\`status\`, the progress as dotted keys (by hand)" "$n" "$runs" "$ours" "$floor" "${PEAK[hand-$n]}" "-" "$spread" "$ins"

    read -r ours floor spread <<<"$(hf "$runs" "" "$BIN validate $roadmap_file" "cat $roadmap_file")"
    MEDIAN[validate-$n]=$ours
    PEAK[validate-$n]=$(peak "$BIN" validate "$roadmap_file")
    ins=-
    [ "$n" = 10000 ] && ins=$(ir "$BIN" validate "$roadmap_file")
    row "\`validate FILE\`" "$n" "$runs" "$ours" "$floor" "${PEAK[validate-$n]}" "-" "$spread" "$ins"

    # Every other command at the largest size, one run each for its peak memory:
    # the bar is for every command, not only the timed ones.
    if [ "$n" -ge 100000 ]; then
        sweep() { # label, command...
            local label=$1
            shift
            cp "$fresh" "$progress"
            SWEEP_PEAK+=("$(peak "$@")")
            SWEEP_LABEL+=("$label")
        }
        base=$WORK/merge-base.toml ours=$WORK/merge-ours.toml theirs=$WORK/merge-theirs.toml
        for c in list next timeline log week roadmaps profile doctor "status --json" "list --json" "log --json"; do
            # shellcheck disable=SC2086 # the words of the command
            sweep "$c" "$BIN" $c
        done
        sweep "log (40 columns)" env COLUMNS=40 "$BIN" log
        sweep "show $item" "$BIN" show "$item"
        sweep "plan --by 2035-01-01" "$BIN" plan --by 2035-01-01
        for f in csv markdown toml html svg ics; do
            sweep "export --format $f" "$BIN" export --format "$f"
        done
        sweep "export --format html -o FILE" "$BIN" export --format html -o "$WORK/page.html"
        sweep "start $item" "$BIN" start "$item"
        sweep "skip $item" "$BIN" skip "$item"
        sweep "undo $item" "$BIN" undo "$item"
        sweep "note $item" "$BIN" note "$item" "a note"
        sweep "profile --hours-per-week 12" "$BIN" profile --hours-per-week 12
        sweep "use ai-engineer" "$BIN" use ai-engineer
        # Two machines' files: each side marks another item (a clean line merge),
        # then both change the same line (a conflict, resolved by the records).
        cp "$fresh" "$base"
        sed '0,/status = "done"/s//status = "skipped"/' "$fresh" >"$ours"
        awk '/status = "done"/ { n++ } n == 2 && !x && /status = "done"/ { sub(/done/, "started"); x = 1 } { print }' "$fresh" >"$theirs"
        sweep "merge-driver (lines apart)" "$BIN" merge-driver "$base" "$ours" "$theirs"
        sed '0,/status = "done"/s//status = "skipped"/' "$fresh" >"$ours"
        sed '0,/status = "done"/s//status = "started"/' "$fresh" >"$theirs"
        sweep "merge-driver (a conflict)" "$BIN" merge-driver "$base" "$ours" "$theirs"
        cp "$fresh" "$progress"
    fi

    # `roadmap ui`, in-process (examples/tui_frames.rs): open to the first frame, and
    # a key then a redraw on each screen, at a large terminal and at 80x24.
    for size in 200x50 80x24; do
        ui=$("$UI_FRAMES" "$roadmap_file" "$fresh" "$size") || fail "tui_frames failed at $n items"
        uv() { awk -F= -v k="$1" '$1 == k { print $2 }' <<<"$ui"; }
        UI_ROWS+=("| $n | $size | $(uv open_ms) | $(uv frame_ms_stages) | $(uv frame_ms_items) | $(uv frame_ms_item) | $(uv frame_ms_track_filter) |")
        if [ "$n" = 10000 ] && [ "$size" = 200x50 ]; then
            UI_OPEN=$(uv open_ms)
            UI_FRAME=$(printf '%s\n' "$(uv frame_ms_stages)" "$(uv frame_ms_items)" "$(uv frame_ms_item)" "$(uv frame_ms_track_filter)" | sort -g | tail -1)
        fi
    done
    unset ROADMAP_PROGRESS
done

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)

# --- The bars. ----------------------------------------------------------------------
BARS=()
bar() { # description, awk condition on the figures, the figures
    local verdict
    verdict=$(awk "BEGIN { print ($2) ? \"met\" : \"NOT met\" }")
    BARS+=("| $1 | $3 | $verdict |")
}
b=${MEDIAN[builtin]}
t=${MEDIAN[true]}
bar "built-in \`status\` within 3x of \`true\`" "$b <= 3 * $t" "$b ms vs $t ms: $(ratio "$b" "$t")x"
bar "built-in \`status\` under 5 ms" "$b < 5" "$b ms"
if [ -n "${MEDIAN[status-10000]:-}" ]; then
    for c in status done export; do
        m=${MEDIAN[$c-10000]}
        bar "10,000 items: \`$c\` under 15 ms" "$m < 15" "$m ms"
    done
    m=${MEDIAN[import-10000]}
    bar "10,000 items: \`import\` of the JSON export into an empty home under 150 ms" "$m < 150" "$m ms"
    m=${MEDIAN[complete-10000]}
    f=${MEDIAN[complete-floor-10000]}
    d=$(awk -v a="$m" -v b="$f" 'BEGIN { printf "%.2f", a - b }')
    bar "10,000 items: bash \`roadmap done <TAB>\` under 15 ms beyond bash's own start" "$d < 15" "$m ms - $f ms = $d ms"
    m=${MEDIAN[cold-10000]}
    bar "10,000 items: first run after the YAML changed under 150 ms" "$m < 150" "$m ms"
    m=${MEDIAN[hand-10000]}
    c=${MEDIAN[status-10000]}
    bar "10,000 items: \`status\` on the progress written by hand within 1.5x of the canonical layout" "$m <= 1.5 * $c" "$m ms vs $c ms: $(ratio "$m" "$c")x"
fi
for n in $SIZES; do
    [ "$n" -ge 100000 ] || continue
    for c in status done export validate import complete cold hand; do
        p=${PEAK[$c-$n]}
        bar "$n items: \`$c\` peak memory under 100 MB" "$p < 100" "$p MB"
    done
done
for k in "${!SWEEP_LABEL[@]}"; do
    p=${SWEEP_PEAK[$k]}
    bar "100000 items: \`${SWEEP_LABEL[$k]}\` peak memory under 100 MB" "$p < 100" "$p MB"
done
if [ -n "${UI_OPEN:-}" ]; then
    bar "10,000 items: \`roadmap ui\` opens under 50 ms" "$UI_OPEN < 50" "$UI_OPEN ms"
    bar "10,000 items: \`roadmap ui\` redraws within a frame (16.7 ms)" "$UI_FRAME < 16.7" "$UI_FRAME ms, the slowest screen"
fi
GROWTH=()
for c in status done export import cold validate; do
    line="| \`$c\`"
    prev=""
    for n in $SIZES; do
        m=${MEDIAN[$c-$n]}
        if [ -n "$prev" ]; then
            r=$(ratio "$m" "${MEDIAN[$c-$prev]}")
            line+=" | $r"
            if [ $((n / prev)) = 10 ] && [ "$c" != validate ]; then
                bar "\`$c\` from $prev to $n items: at most 11x" "$r <= 11" "${r}x"
            fi
        fi
        prev=$n
    done
    GROWTH+=("$line |")
done
growth_header="| command"
growth_rule="|---"
prev=""
for n in $SIZES; do
    if [ -n "$prev" ]; then
        growth_header+=" | $prev → $n"
        growth_rule+="|---:"
    fi
    prev=$n
done

# --- The report. --------------------------------------------------------------------
cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
{
    echo "# Benchmark results"
    echo
    echo "Made by \`bash bench/run.sh\` (SPEC section 9): whole processes, medians of repeated"
    echo "runs by hyperfine (\`-N\`, no shell), each beside a floor that reads the same files"
    echo "(timed before and after, the lower median kept); peak memory is the maximum"
    echo "resident set size from GNU time, one run. Re-run it on a quiet machine to"
    echo "replace these figures."
    echo
    echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "- machine: $(nproc) cores, ${cpu:-unknown CPU}, $(uname -srm)"
    echo "- $RUSTC_VERSION, $(hyperfine --version)$([ $HAVE_TASK = yes ] && echo ", Taskwarrior $(task --version)")"
    echo "- load average (1, 5, 15 min) before: $LOAD_BEFORE; after: $LOAD_AFTER" \
        "(above about 0.5 on this machine, other work was running and the times are noisy)"
    echo "- generated roadmaps: examples/generate.rs, 10 stages, prerequisites, a progress"
    echo "  record for every item; \`ROADMAP_TODAY=$TODAY\`; the parsed-roadmap cache is warm"
    echo "  (every command's first run fills it)"
    echo
    echo "| case | items | runs | roadmap, median ms | min–max, σ ms | instructions (callgrind) | floor, median ms | x floor | peak MB | Taskwarrior, median ms |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|---:|---|"
    printf '%s\n' "${ROWS[@]}"
    echo
    echo "Growth (ratio of medians when the items grow tenfold):"
    echo
    echo "$growth_header |"
    echo "$growth_rule|"
    printf '%s\n' "${GROWTH[@]}"
    echo
    echo "\`roadmap ui\` (examples/tui_frames.rs, in-process on ratatui's TestBackend): opening is"
    echo "reading the progress file, loading the roadmap (cache warm), building the state and"
    echo "drawing the first frame, median of 21; a frame is one key and the redraw after it,"
    echo "median of 101, on the largest stage. The terminal's own drawing is not in these."
    echo
    echo "| items | terminal | open, ms | frame: stages | frame: items | frame: item | frame: track filter |"
    echo "|---:|---|---:|---:|---:|---:|---:|"
    printf '%s\n' "${UI_ROWS[@]}"
    echo
    echo "The bars:"
    echo
    echo "| bar | measured | |"
    echo "|---|---|---|"
    printf '%s\n' "${BARS[@]}"
} >"$OUT.tmp"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
echo >&2
echo "bench: wrote $OUT" >&2
