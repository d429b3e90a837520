# sed and grep through pipes
printf 'alpha\nbeta\ngamma\ndelta\n' | grep -n a | sed 's/:/ -> /'
printf 'alpha\nbeta\n' | sed -e 's/a/A/g' -e '2d'
printf 'x1\ny2\nx3\n' | grep -c '^x'
printf 'one\ntwo\n' | grep -v one
