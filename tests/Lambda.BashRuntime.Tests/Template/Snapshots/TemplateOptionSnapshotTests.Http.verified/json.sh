# shellcheck shell=bash
# json.sh: JSON for Bash handlers, in pure Bash. Lambda's provided.al2023 image has no jq, and a process per field
# would cost milliseconds per event: these functions start no process. function.sh sources this file.
#
#   json_get NAME JSON PATH      Sets variable NAME to the value at PATH in JSON. PATH is a dotted path of object keys
#                                and array indexes: rawPath, requestContext.http.method, Records.0.body. A string is
#                                decoded; a number, true or false is given as written. Status 1 when PATH is missing or
#                                null; status 2, with a message on stderr, when the JSON is malformed or the value is an
#                                object or an array.
#   json_quote NAME TEXT         Sets NAME to TEXT as a JSON string, quotes included: a"b becomes "a\"b".
#   json_object NAME KEY VALUE...   Sets NAME to a JSON object of string values: {"KEY":"VALUE",...}.
#   http_response STATUS BODY [CONTENT_TYPE]
#                                Prints the answer a Function URL or an HTTP API (payload 2.0) expects:
#                                {"statusCode":STATUS,"headers":{"content-type":CONTENT_TYPE},"body":"BODY"}.
#                                CONTENT_TYPE defaults to application/json.
#
# Scope. Input is JSON as Lambda delivers it: valid, UTF-8. Every \uXXXX escape is decoded to UTF-8, a surrogate pair
# to its one 4-byte character, a lone surrogate to U+FFFD; \u0000 cannot be held in a Bash variable, so reading it
# fails (status 2). Objects and arrays nest to any depth. A key with a dot in it cannot be named in PATH. json_quote
# escapes " and \ and the control characters U+0001-U+001F (as \b \t \n \f \r or \u00XX) and passes every other byte
# through unchanged, UTF-8 included. Bytes, not characters, throughout (LC_ALL=C). Time grows with the length of the
# event and with the number of escapes in the value read; no other value is decoded.
#
# NAME must not start with _json (the functions' own variables do).

# _json_split TEXT CHAR: TEXT cut at each CHAR (one byte), into the array _json_parts that the caller declares local.
# Linear on every bash, where ${TEXT//CHAR/...} is not (4 minutes for 50 KB of quotes on bash 3.2). " and \ are cut
# by one read -a; other characters, rare in text, with one read per part: read gives a tab or newline in IFS another
# meaning, and bash 3.2 cannot cut at \x01.
_json_split() {
  local _json_part
  if [[ "$2" == [\"\\] ]]; then
    IFS="$2" read -r -d '' -a _json_parts <<<"$1." || true # at the end of input read -d '' fails; "." keeps a last empty part
    _json_part="${_json_parts[${#_json_parts[@]} - 1]}"
    _json_parts[${#_json_parts[@]} - 1]="${_json_part:0:${#_json_part} - 2}" # less the "." and the newline <<< adds
  else
    _json_parts=()
    while IFS= read -r -d "$2" _json_part; do
      _json_parts[${#_json_parts[@]}]="$_json_part"
    done <<<"$1"
    if [[ "$2" != $'\n' ]]; then
      _json_parts[${#_json_parts[@]}]="${_json_part:0:${#_json_part} - 1}" # the last part, less the newline <<< adds
    fi
  fi
}

# _json_replace NAME CHAR FORMAT: every CHAR (one byte) in variable NAME replaced with what printf prints for the
# format FORMAT ('\\"' prints \").
_json_replace() {
  local _json_parts _json_rest
  [[ "${!1}" == *"$2"* ]] || return 0
  _json_split "${!1}" "$2"
  printf -v _json_rest "$3%s" "${_json_parts[@]:1}" # FORMAT before every part but the first
  printf -v "$1" '%s%s' "${_json_parts[0]}" "$_json_rest"
}

json_quote() {
  local LC_ALL=C _json_text="$2" _json_char _json_code _json_format _json_control=$'([\x02-\x1f])'
  # The replacements are printf formats: '\\\\' prints \\, '\\"' prints \".
  # shellcheck disable=SC1003 # a printf format, no quote escaped
  _json_replace _json_text "\\" '\\\\'
  _json_replace _json_text '"' '\\"'
  _json_replace _json_text $'\x01' '\\u0001' # apart from the others: bash 3.2 cannot match \x01 in a regex
  while [[ "$_json_text" =~ $_json_control ]]; do # once for each control character the text holds
    _json_char="${BASH_REMATCH[1]}"
    case "$_json_char" in
      $'\b') _json_format='\\b' ;;
      $'\t') _json_format='\\t' ;;
      $'\n') _json_format='\\n' ;;
      $'\f') _json_format='\\f' ;;
      $'\r') _json_format='\\r' ;;
      *)
        printf -v _json_code '%d' "'$_json_char"
        printf -v _json_format '\\\\u%04x' "$_json_code"
        ;;
    esac
    _json_replace _json_text "$_json_char" "$_json_format"
  done
  printf -v "$1" '"%s"' "$_json_text"
}

json_object() {
  local _json_name="$1" _json_object="" _json_key _json_value
  shift
  while (($# >= 2)); do
    json_quote _json_key "$1"
    json_quote _json_value "$2"
    _json_object+="${_json_object:+,}$_json_key:$_json_value"
    shift 2
  done
  if (($# == 1)); then
    echo "json_object: key '$1' has no value" >&2
    return 2
  fi
  printf -v "$_json_name" '{%s}' "$_json_object"
}

http_response() {
  local _json_body _json_type
  if [[ ! "$1" =~ ^[1-5][0-9][0-9]$ ]]; then
    echo "http_response: status '$1' is not an HTTP status code (100-599)" >&2
    return 2
  fi
  json_quote _json_body "$2"
  json_quote _json_type "${3:-application/json}"
  printf '{"statusCode":%s,"headers":{"content-type":%s},"body":%s}\n' "$1" "$_json_type" "$_json_body"
}

# The reader. The JSON is cut at every double quote (_json_doc): even parts lie between strings, odd parts are string
# contents, and a part that ends in an odd number of backslashes ended at an escaped quote, so it continues into the next.
# _json_token reads the next token into _json_type ({ } [ ] : , s for a string, v for a number or literal) and
# _json_value; _json_again=1 makes it give the same token once more.

_json_token() {
  if ((_json_again)); then
    _json_again=0
    return 0
  fi
  while [[ -z "$_json_rest" ]]; do
    if ((_json_at >= ${#_json_doc[@]})); then
      _json_type="" # end of the JSON
      return 0
    fi
    if ((_json_in_string)); then
      _json_value="${_json_doc[_json_at]}"
      _json_at=$((_json_at + 1))
      while _json_escaped_quote "${_json_doc[_json_at - 1]}" && ((_json_at < ${#_json_doc[@]})); do
        _json_value+="\"${_json_doc[_json_at]}"
        _json_at=$((_json_at + 1))
      done
      _json_in_string=0 _json_type=s
      return 0
    fi
    _json_rest="${_json_doc[_json_at]//[$' \t\r\n']/}" # whitespace between tokens is insignificant
    _json_at=$((_json_at + 1))
    _json_in_string=1
  done
  _json_type="${_json_rest:0:1}"
  case "$_json_type" in
    [][{}:,]) _json_rest="${_json_rest:1}" ;;
    *)
      _json_type=v
      _json_value="${_json_rest%%[],:\}\]]*}"
      _json_rest="${_json_rest:${#_json_value}}"
      ;;
  esac
}

# _json_escaped_quote PART: whether PART ends in an odd number of backslashes. The run is measured by doubling, then
# halving, the length of a tail that holds nothing else (a regex test, as Bash's own patterns are slow on long text).
_json_escaped_quote() {
  local _json_other='[^\]' _json_low=1 _json_high=2 _json_mid
  [[ "${1: -1}" == "\\" ]] || return 1
  while ((_json_high <= ${#1})) && [[ ! "${1: -_json_high}" =~ $_json_other ]]; do
    _json_low=$_json_high _json_high=$((_json_high * 2))
  done
  ((_json_high <= ${#1})) || _json_high=$((${#1} + 1))
  while ((_json_high - _json_low > 1)); do # the run is at least _json_low and less than _json_high long
    _json_mid=$(((_json_low + _json_high) / 2))
    if [[ "${1: -_json_mid}" =~ $_json_other ]]; then
      _json_high=$_json_mid
    else
      _json_low=$_json_mid
    fi
  done
  ((_json_low % 2 == 1))
}

# _json_skip: reads past one value.
_json_skip() {
  local _json_depth=0
  while :; do
    _json_token
    case "$_json_type" in
      '{' | '[') _json_depth=$((_json_depth + 1)) ;;
      '}' | ']') _json_depth=$((_json_depth - 1)) ;;
      '') return 2 ;;
    esac
    ((_json_depth > 0)) || return 0
  done
}

# _json_decode NAME RAW: the content of a JSON string, its escapes decoded. RAW is cut at each backslash: every part
# after the first starts with the escaped character. One pass over the parts (indexing a Bash array is slow), each
# decoded part stored at index ${#_json_out[@]}: bash 3.2's a+=(x) walks the whole array (48 s for 100,000 parts).
_json_decode() {
  local _json_parts _json_out=() _json_part _json_first=1 _json_plain=0 _json_high="" _json_code _json_bytes
  if [[ "$2" != *"\\"* ]]; then
    printf -v "$1" '%s' "$2"
    return 0
  fi
  _json_split "$2" "\\"
  for _json_part in "${_json_parts[@]}"; do
    if ((_json_first || _json_plain)); then
      _json_out[${#_json_out[@]}]="$_json_part" # text before the first escape, or after an escaped backslash
      _json_first=0 _json_plain=0
      continue
    fi
    if [[ -n "$_json_high" ]]; then # the previous part was a high surrogate
      if [[ "$_json_part" == u[dD][c-fC-F][0-9A-Fa-f][0-9A-Fa-f]* ]]; then
        _json_code=$((0x10000 + ((16#$_json_high - 0xD800) << 10) + (16#${_json_part:1:4} - 0xDC00)))
        _json_high=""
        _json_utf8 "$_json_code"
        _json_out[${#_json_out[@]}]="$_json_bytes${_json_part:5}"
        continue
      fi
      _json_high=""
      _json_out[${#_json_out[@]}]=$'\xef\xbf\xbd' # a lone surrogate: U+FFFD
    fi
    case "$_json_part" in
      '') _json_out[${#_json_out[@]}]="\\" _json_plain=1 ;; # \\
      n*) _json_out[${#_json_out[@]}]=$'\n'"${_json_part:1}" ;;
      t*) _json_out[${#_json_out[@]}]=$'\t'"${_json_part:1}" ;;
      r*) _json_out[${#_json_out[@]}]=$'\r'"${_json_part:1}" ;;
      b*) _json_out[${#_json_out[@]}]=$'\b'"${_json_part:1}" ;;
      f*) _json_out[${#_json_out[@]}]=$'\f'"${_json_part:1}" ;;
      '"'* | /*) _json_out[${#_json_out[@]}]="$_json_part" ;;
      u[0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f][0-9A-Fa-f]*)
        _json_code=$((16#${_json_part:1:4}))
        if ((_json_code >= 0xD800 && _json_code < 0xDC00)) && ((${#_json_part} == 5)); then
          _json_high="${_json_part:1:4}" # its low half should follow
          continue
        elif ((_json_code >= 0xD800 && _json_code < 0xE000)); then
          _json_code=0xFFFD # a lone surrogate
        elif ((_json_code == 0)); then
          echo "json_get: \\u0000 (NUL) cannot be held in a Bash variable" >&2
          return 2
        fi
        _json_utf8 "$_json_code"
        _json_out[${#_json_out[@]}]="$_json_bytes${_json_part:5}"
        ;;
      *)
        echo "json_get: invalid escape \\${_json_part:0:1} in a string" >&2
        return 2
        ;;
    esac
  done
  if [[ -n "$_json_high" ]]; then
    _json_out[${#_json_out[@]}]=$'\xef\xbf\xbd'
  fi
  local IFS=
  printf -v "$1" '%s' "${_json_out[*]}"
}

# _json_utf8 CODE: the UTF-8 bytes of code point CODE, into _json_bytes.
_json_utf8() {
  if (($1 < 0x80)); then
    printf -v _json_bytes '\\x%02x' "$1"
  elif (($1 < 0x800)); then
    printf -v _json_bytes '\\x%02x\\x%02x' $((0xC0 | $1 >> 6)) $((0x80 | ($1 & 0x3F)))
  elif (($1 < 0x10000)); then
    printf -v _json_bytes '\\x%02x\\x%02x\\x%02x' $((0xE0 | $1 >> 12)) $((0x80 | ($1 >> 6 & 0x3F))) $((0x80 | ($1 & 0x3F)))
  else
    printf -v _json_bytes '\\x%02x\\x%02x\\x%02x\\x%02x' $((0xF0 | $1 >> 18)) $((0x80 | ($1 >> 12 & 0x3F))) \
      $((0x80 | ($1 >> 6 & 0x3F))) $((0x80 | ($1 & 0x3F)))
  fi
  printf -v _json_bytes '%b' "$_json_bytes"
}

json_get() {
  local LC_ALL=C _json_doc _json_parts _json_at=0 _json_rest="" _json_in_string=0 _json_again=0
  local _json_type="" _json_value="" _json_keys _json_key _json_name _json_index
  _json_split "$2" '"'
  _json_doc=("${_json_parts[@]}")
  IFS=. read -r -a _json_keys <<<"$3"
  for _json_key in "${_json_keys[@]}"; do
    _json_token
    if [[ "$_json_type" == '{' ]]; then
      while :; do # the members, until the key
        _json_token
        [[ "$_json_type" == '}' ]] && return 1
        [[ "$_json_type" == s ]] || { echo "json_get: malformed JSON before '$_json_key' of $3" >&2; return 2; }
        _json_decode _json_name "$_json_value" || return 2
        _json_token
        [[ "$_json_type" == : ]] || { echo "json_get: malformed JSON at key '$_json_name' of $3" >&2; return 2; }
        [[ "$_json_name" == "$_json_key" ]] && break
        _json_skip || { echo "json_get: malformed JSON at key '$_json_name' of $3" >&2; return 2; }
        _json_token
        [[ "$_json_type" == '}' ]] && return 1
        [[ "$_json_type" == , ]] || { echo "json_get: malformed JSON after key '$_json_name' of $3" >&2; return 2; }
      done
    elif [[ "$_json_type" == '[' && "$_json_key" =~ ^[0-9]+$ ]]; then
      for ((_json_index = 0; ; _json_index++)); do # the elements, until the index
        _json_token
        [[ "$_json_type" == ']' ]] && return 1
        _json_again=1
        ((_json_index == 10#$_json_key)) && break
        _json_skip || { echo "json_get: malformed JSON in the array before $_json_key of $3" >&2; return 2; }
        _json_token
        [[ "$_json_type" == ']' ]] && return 1
        [[ "$_json_type" == , ]] || { echo "json_get: malformed JSON in the array before $_json_key of $3" >&2; return 2; }
      done
    elif [[ "$_json_type" == [s,v] ]]; then
      return 1 # a path through a string, number or literal leads nowhere
    else
      echo "json_get: malformed JSON before '$_json_key' of $3" >&2
      return 2
    fi
  done
  _json_token
  case "$_json_type" in
    s) _json_decode "$1" "$_json_value" ;;
    v)
      [[ "$_json_value" == null ]] && return 1
      printf -v "$1" '%s' "$_json_value"
      ;;
    '{' | '[')
      echo "json_get: $3 is an object or an array; name one of its strings, numbers or literals" >&2
      return 2
      ;;
    *)
      echo "json_get: malformed JSON at $3" >&2
      return 2
      ;;
  esac
}
