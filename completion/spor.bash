# bash completion for spor.
#
# Every list comes from the spor binary being completed (`spor complete
# commands|options CMD|places|place-terms`), so a new command, option or
# place needs no change here. Installed as
# share/bash-completion/completions/spor; or source this file.

_spor_index_arg() {
    # The --index given on the line so far, for completing places.
    local i
    for ((i = 1; i < ${#COMP_WORDS[@]} - 1; i++)); do
        case ${COMP_WORDS[i]} in
        --index)
            if [[ ${COMP_WORDS[i + 1]} == "=" ]]; then
                printf '%s\n' "${COMP_WORDS[i + 2]}"
            else
                printf '%s\n' "${COMP_WORDS[i + 1]}"
            fi
            return
            ;;
        esac
    done
}

_spor() {
    local spor=${COMP_WORDS[0]} cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= i
    ((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
    COMPREPLY=()
    local IFS=$'\n'

    # The command is the first word after spor that is not an option.
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        -*) ;;
        *) cmd=${COMP_WORDS[i]}; break ;;
        esac
    done
    if [[ -z $cmd ]]; then
        if [[ $cur == -* ]]; then
            COMPREPLY=($(compgen -W $'--help\n--version' -- "$cur"))
        else
            COMPREPLY=($(compgen -W "$("$spor" complete commands 2>/dev/null |
                cut -f1)" -- "$cur"))
        fi
        return
    fi
    if [[ $cmd == help ]]; then
        COMPREPLY=($(compgen -W "$("$spor" complete commands 2>/dev/null |
            cut -f1)" -- "$cur"))
        return
    fi

    # "--opt=value" arrives as the words --opt, =, value.
    local opt=$prev
    if [[ $prev == "=" && COMP_CWORD -ge 2 ]]; then
        opt=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == "=" ]]; then
        opt=$prev
        cur=
    fi
    local options kind= index
    options=$("$spor" complete options "$cmd" 2>/dev/null)
    if [[ $opt == -* ]]; then
        kind=$(printf '%s\n' "$options" | awk -F'\t' -v o="$opt" \
            '$1 == o { print $2; exit }')
    fi
    index=$(_spor_index_arg)
    local -a idx=()
    [[ -n $index ]] && idx=(--index "$index")
    case $kind in
    dir)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -d -- "$cur"))
        return
        ;;
    file)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        return
        ;;
    choice:*)
        COMPREPLY=($(compgen -W "$(tr '|' '\n' <<<"${kind#choice:}")" \
            -- "$cur"))
        return
        ;;
    place)
        COMPREPLY=($(compgen -W "$("$spor" complete places \
            "${idx[@]}" 2>/dev/null)" -- "$cur"))
        return
        ;;
    text | count)
        return
        ;;
    esac

    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$(printf '%s\n' "$options" | cut -f1)" \
            -- "$cur"))
        return
    fi
    case $cmd in
    index)
        compopt -o filenames 2>/dev/null
        COMPREPLY=($(compgen -f -- "$cur"))
        ;;
    search)
        # The query filter sted:PLACE; ':' splits words in bash, so
        # "sted:aa" arrives as sted, :, aa.
        if [[ $prev == ":" && ${COMP_WORDS[COMP_CWORD - 2]} == sted ]]; then
            COMPREPLY=($(compgen -W "$("$spor" complete place-terms \
                "${idx[@]}" 2>/dev/null)" -- "$cur"))
        elif [[ $cur == ":" && $prev == sted ]]; then
            COMPREPLY=($("$spor" complete place-terms \
                "${idx[@]}" 2>/dev/null))
        fi
        ;;
    esac
}

complete -F _spor spor
