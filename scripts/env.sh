# Sourced by the other scripts: puts the project's tools on PATH.
export PATH="$HOME/.cargo/bin:$(pwd)/node_modules/.bin:$PATH"
