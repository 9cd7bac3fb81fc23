#!/bin/sh
# Runs inside the sandbox with busybox as /bin/sh. $out is the output path.
set -e
echo "building hello in $(pwd) as uid $(id -u)"
mkdir -p "$out/bin"
printf '#!/bin/sh\necho "Hello, world!"\n' > "$out/bin/hello"
chmod +x "$out/bin/hello"
echo "done: $(ls -l "$out/bin")"
