# Item, stage, track, background and roadmap ids come from `roadmap __complete`,
# which reads the roadmap in use (after any --roadmap or --progress typed before
# the word); everything else is completed by `_roadmap_static` below.
_roadmap() {
    local -a globals candidates
    local word sub what noun cur prev
    local -i i pos=0
    for (( i = 2; i < CURRENT; i++ )); do
        word=${words[i]}
        case $word in
            (--roadmap=*|--progress=*)
                globals+=(${word%%=*} ${${(Q)word#*=}/#\~/$HOME})
                ;;
            (@VALUE_OPTIONS@)
                if (( i + 1 < CURRENT )) && [[ $word == (--roadmap|--progress) ]]; then
                    globals+=($word ${${(Q)words[i+1]}/#\~/$HOME})
                fi
                (( i++ ))
                ;;
            (-*) ;;
            (*)
                if [[ -z $sub ]]; then sub=$word; else (( pos++ )); fi
                ;;
        esac
    done

    cur=${words[CURRENT]}
    prev=${words[CURRENT-1]}
    if [[ $cur == --*=* ]]; then
        prev=${cur%%=*}
        cur=${cur#*=}
        [[ $prev == (@ID_OPTIONS@) ]] && compset -P '*='
    fi
    if [[ $cur != -* ]]; then
        case $prev in
            # @OPTION_CASES@
            (@VALUE_OPTIONS@) ;;
            (*)
                case $sub in
                    # @POSITIONAL_CASES@
                esac
                ;;
        esac
    fi
    if [[ -z $what ]]; then
        _roadmap_static "$@"
        return
    fi

    local ret=1
    candidates=(${(f)"$(${${(Q)words[1]}/#\~/$HOME} $globals __complete --describe $what 2>/dev/null)"})
    candidates=(${candidates//$'\t'/:})
    _describe -t $what $noun candidates && ret=0
    if [[ $what == roadmaps ]]; then
        _files -g '*.(yaml|yml)' && ret=0
    fi
    return ret
}
