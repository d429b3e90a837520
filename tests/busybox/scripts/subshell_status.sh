# subshells, exit statuses, && || and !
(exit 3); echo "subshell exit $?"
true && echo "true and"; false || echo "false or"
! false; echo "negated $?"
( echo inner; exit 7 ) ; echo "after $?"
sh -c 'exit 12'; echo "child sh $?"
x=$(echo captured; exit 4); echo "$x $?"
