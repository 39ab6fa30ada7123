// commander: define a CLI, parse from user args with actions, options, help text (no process.exit).
module.exports = function probe(commander) {
  const { Command, Option } = commander
  const seen = []
  const out = []
  const program = new Command()
  program.name('tool').description('A test CLI').version('1.2.3')
    .exitOverride()
    .configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => out.push('ERR:' + s), getOutHelpWidth: () => 80, getErrHelpWidth: () => 80 })
    .option('-d, --debug', 'output extra debugging')
    .option('-p, --pizza-type <type>', 'flavour of pizza', 'cheese')
    .addOption(new Option('-s, --size <size>', 'size').choices(['small', 'large']))
    .option('-n, --num <n>', 'a number', (v) => parseInt(v, 10), 0)
  program.command('build <src> [dest]').alias('b').description('build things').option('--watch')
    .action((src, dest, opts) => { seen.push({ cmd: 'build', src, dest: dest || null, opts: { ...opts } }) })
  program.parse(['-d', '--pizza-type', 'pepperoni', '-n', '42', 'build', 'a.js', '--watch'], { from: 'user' })
  const help = program.helpInformation()
  let error
  try { program.parse(['--size', 'medium'], { from: 'user' }) } catch (e) { error = [e.code, e.exitCode, e.message] }
  let versionOut
  try { new Command().exitOverride().configureOutput({ writeOut: (s) => { versionOut = s } }).version('9.9.9').parse(['-V'], { from: 'user' }) } catch (e) { versionOut += '|' + e.code }
  return { opts: program.opts(), seen, help, error, versionOut, args: program.args, out }
}
