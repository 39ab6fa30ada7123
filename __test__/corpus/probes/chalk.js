// chalk v4: styles at each color level (supports-color detection at load), nested styles, templates.
module.exports = function probe(chalk) {
  const c3 = new chalk.Instance({ level: 3 })
  const c1 = new chalk.Instance({ level: 1 })
  const c0 = new chalk.Instance({ level: 0 })
  return {
    detectedLevel: chalk.level,
    supportsColor: chalk.supportsColor,
    styled: c3.red.bold.underline('hi') + c3.bgBlue.white(' x ') + c3.hex('#ff8800')('o') + c3.rgb(1, 2, 3).bgAnsi256(200)('r'),
    level1: c1.hex('#ff8800')('o') + c1.keyword('orange')('k'),
    nested: c3.red('a' + c3.blue('b' + c3.green('c') + 'b') + 'a'),
    multiline: c3.yellow('line1\nline2'),
    none: c0.red.bold('plain'),
    template: c3`{bold.red hi {green there}} ${1 + 1}`,
    visible: c3.visible('v'),
    chained: typeof c3.red.green.blue,
  }
}
