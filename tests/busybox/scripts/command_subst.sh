# $( ) and ` ` substitution, nested, with pipelines
a=$(echo abc | tr a-c x-z)
b=`echo nested $(echo deep)`
echo "$a / $b"
n=$(seq 1 100 | wc -l)
echo "lines: $n"
echo "len ${#a}"
