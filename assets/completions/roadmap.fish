# Item, stage, track, background and roadmap ids come from `roadmap __complete`,
# which reads the roadmap in use (after any --roadmap or --progress typed before
# the word).
function __fish_roadmap_ids --argument-names what
    set -l tokens (commandline -opc)
    set -l program $tokens[1]
    set -e tokens[1]
    set -l globals
    set -l take 0
    for token in $tokens
        if test $take = 1
            set -a globals (string replace -r -- '^~' $HOME $token)
            set take 0
            continue
        end
        switch $token
            case --roadmap --progress
                set -a globals $token
                set take 1
            case '--roadmap=*' '--progress=*'
                set -a globals (string replace -r -- '=~' "=$HOME" $token)
        end
    end
    if test $take = 1
        set -e globals[-1]
    end
    $program $globals __complete --describe $what 2>/dev/null
    if test "$what" = roadmaps
        set -l token (commandline -ct)
        for file in $token*.yaml $token*.yml $token*/
            echo $file
        end
    end
end

function __fish_roadmap_positional_ids --description 'What the positional word under the cursor takes, if ids'
    set -l tokens (commandline -opc)
    set -e tokens[1]
    set -l sub
    set -l pos 0
    set -l skip 0
    for token in $tokens
        if test $skip = 1
            set skip 0
            continue
        end
        switch $token
            case @VALUE_OPTIONS@
                set skip 1
            case '-*'
            case '*'
                if test -z "$sub"
                    set sub $token
                else
                    set pos (math $pos + 1)
                end
        end
    end
    if test $skip = 1
        return 1
    end
    switch "$sub"
        # @POSITIONAL_CASES@
    end
    return 1
end

complete -c roadmap -n '__fish_roadmap_positional_ids >/dev/null' -f -a '(__fish_roadmap_ids (__fish_roadmap_positional_ids))'
