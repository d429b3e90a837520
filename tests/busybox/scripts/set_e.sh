# set -e stops at the first failing command; set -u on an unset variable
sh -c 'set -e; echo before; false; echo after'; echo "set -e status $?"
sh -c 'set -u; echo "$undefined_var"' 2>/dev/null; echo "set -u status $?"
sh -c 'false | true; echo "pipe status $?"'
