// The `hyrax` binary: subcommands `init` and `start` (server/README.md).
int main() {
  return 0;
}
