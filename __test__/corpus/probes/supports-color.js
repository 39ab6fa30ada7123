// supports-color v7: reads process.env, process.argv (has-flag), process.platform, os.release and tty at load.
module.exports = function probe(sc) {
  return {
    stdout: sc.stdout,
    stderr: sc.stderr,
    fakeTTY: sc.supportsColor({ isTTY: true }),
    fakeNoTTY: sc.supportsColor({ isTTY: false }),
    keys: Object.keys(sc).sort(),
  }
}
