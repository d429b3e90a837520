# umask decides new files' modes; stat -c prints them
d=$(mktemp -d); cd "$d"
umask 022; touch f1; mkdir d1
umask 077; touch f2; mkdir d2
stat -c '%n %a %F' f1 d1 f2 d2
chmod 4755 f1; stat -c '%A' f1
