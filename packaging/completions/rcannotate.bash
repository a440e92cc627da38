# bash completion for rcannotate(1)

_rcannotate()
{
	local cur prev words cword split
	_init_completion -s || return

	case $prev in
	--lang)
		COMPREPLY=($(compgen -W 'en zh both' -- "$cur"))
		return ;;
	--color | --colour)
		COMPREPLY=($(compgen -W 'auto always never' -- "$cur"))
		return ;;
	--follow)
		COMPREPLY=($(compgen -W 'descriptor name' -- "$cur"))
		return ;;
	--input)
		COMPREPLY=($(compgen -W 'text journal-json' -- "$cur"))
		return ;;
	--output)
		COMPREPLY=($(compgen -W 'text json' -- "$cur"))
		return ;;
	--summary)
		COMPREPLY=($(compgen -W 'text json' -- "$cur"))
		return ;;
	--ci)
		COMPREPLY=($(compgen -W 'github gitlab' -- "$cur"))
		return ;;
	--patterns)
		_filedir -d
		return ;;
	--summary-file | --ci-report)
		_filedir
		return ;;
	--pid)
		_pids
		return ;;
	--template | --lines | -n | --sleep-interval | -s | --rotate-wait | \
	    --partial-timeout | --fail-on | --lookup)
		return ;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W '--lang= --template= --patterns=
		    --print-config --color --colour --follow -f -F --retry
		    --lines= --pid= --sleep-interval= --poll --rotate-wait=
		    --partial-timeout= --quiet --silent --prefix --input=
		    --journal-short --output= --only-matching --line-number
		    --line-mode --mmexternal --summary --summary-file=
		    --fail-on= --ci= --ci-report= --lookup --list --help
		    --version' -- "$cur"))
		[[ ${COMPREPLY-} == *= ]] && compopt -o nospace
		return
	fi
	_filedir
} &&
	complete -F _rcannotate rcannotate
