# echo and printf builtins: escapes, widths, several arguments
echo plain words  with   spaces
echo -n "no newline"; echo " then one"
printf '%s|%5d|%-4s|%x|%o|%c\n' abc 42 ab 255 8 Z
printf '%s\n' one two three
printf 'tab\there\n'
