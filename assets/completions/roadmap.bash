# Item, stage, track, background and roadmap ids come from `roadmap __complete`,
# which reads the roadmap in use (after any --roadmap or --progress typed before
# the word); everything else is completed by `_roadmap` above.
_roadmap_word() {
    local word="$1"
    case "$word" in
        \"*\" | \'*\') word="${word:1:${#word}-2}" ;;
    esac
    case "$word" in
        "~") word="$HOME" ;;
        \~/*) word="$HOME/${word:2}" ;;
    esac
    printf '%s' "$word"
}

_roadmap_dynamic() {
    local cur="${2-${COMP_WORDS[COMP_CWORD]}}" prev="${3-}" word sub="" what=""
    local -i i pos=0
    local -a globals=()
    if [[ "$prev" == "=" ]] && (( COMP_CWORD >= 2 )); then
        prev="${COMP_WORDS[COMP_CWORD-2]}"
    fi
    for (( i = 1; i < COMP_CWORD; i++ )); do
        word="${COMP_WORDS[i]}"
        case "$word" in
            --roadmap=* | --progress=*)
                globals+=("${word%%=*}" "$(_roadmap_word "${word#*=}")")
                ;;
            @VALUE_OPTIONS@)
                [[ "${COMP_WORDS[i+1]-}" == "=" ]] && i+=1
                i+=1
                if [[ "$word" == --roadmap || "$word" == --progress ]] && (( i < COMP_CWORD )); then
                    globals+=("$word" "$(_roadmap_word "${COMP_WORDS[i]}")")
                fi
                ;;
            -*) ;;
            *)
                if [[ -z "$sub" ]]; then sub="$word"; else pos+=1; fi
                ;;
        esac
    done

    if [[ "$cur" != -* ]]; then
        # The options taking ids come first; the rest of the value options after
        # them on purpose, so those they share never match the second time.
        # shellcheck disable=SC2221,SC2222
        case "$prev" in
            # @OPTION_CASES@
            @VALUE_OPTIONS@) ;;
            *)
                case "$sub" in
                    # @POSITIONAL_CASES@
                esac
                ;;
        esac
    fi
    if [[ -z "$what" ]]; then
        _roadmap "$@"
        return
    fi

    # One candidate a line: IFS is a newline, so the word splitting of $(...) below
    # is the point (mapfile would need bash 4, and macOS ships bash 3.2).
    local IFS=$'\n'
    COMPREPLY=()
    # A roadmap is an id or a path: a word that looks like a path gets files only.
    if [[ "$what" != roadmaps || ! ( "$cur" == */* || "$cur" == .* || "$cur" == "~"* ) ]]; then
        # shellcheck disable=SC2207
        COMPREPLY=($("$1" ${globals[@]+"${globals[@]}"} __complete "$what" "$cur" 2>/dev/null))
    fi
    if [[ "$what" == roadmaps ]]; then
        # shellcheck disable=SC2207
        COMPREPLY+=($(compgen -G "$cur*.yaml"; compgen -G "$cur*.yml"; compgen -d -S / -- "$cur"))
        if (( ${#COMPREPLY[@]} == 1 )) && [[ "${COMPREPLY[0]}" == */ ]]; then
            compopt -o nospace 2>/dev/null
        fi
    fi
    if (( ${#COMPREPLY[@]} == 0 )); then
        # Nothing left to offer: no file names instead.
        compopt +o default +o bashdefault 2>/dev/null
    fi
    return 0
}

if [[ "${BASH_VERSINFO[0]}" -eq 4 && "${BASH_VERSINFO[1]}" -ge 4 || "${BASH_VERSINFO[0]}" -gt 4 ]]; then
    complete -F _roadmap_dynamic -o nosort -o bashdefault -o default roadmap
else
    complete -F _roadmap_dynamic -o bashdefault -o default roadmap
fi
