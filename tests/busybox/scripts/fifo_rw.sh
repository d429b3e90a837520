# mkfifo: a writer and a reader meet at the name; ls -l shows the type p
d=$(mktemp -d); cd "$d"
mkfifo p
ls -l p | cut -c1-10
( echo "through the fifo"; echo "second line" ) > p &
cat < p
wait
test -p p && echo "still a fifo"
rm p
