// semver: parse, compare, ranges, coercion, increments, sorting (deep internal require graph).
module.exports = function probe(semver) {
  const versions = ['1.2.3', '1.2.3-beta.1', '2.0.0', '0.9.9', '1.10.0', '1.2.3-alpha', '1.2.10', 'v3.0.0+build.5']
  return {
    valid: versions.map((v) => semver.valid(v)),
    sorted: semver.sort(versions.slice()),
    rsorted: semver.rsort(versions.slice()),
    satisfies: ['^1.2.0', '~1.2.3', '>=1.0.0 <2.0.0 || >=3', '1.x', '*', '>1.2.3-alpha <1.2.4'].map((r) => versions.map((v) => semver.satisfies(v, r))),
    maxSatisfying: semver.maxSatisfying(versions, '^1.0.0'),
    minVersion: semver.minVersion('>=1.2.3-rc.1 || ^2').version,
    inc: [semver.inc('1.2.3', 'minor'), semver.inc('1.2.3', 'prerelease', 'beta'), semver.inc('1.2.3-beta.1', 'prerelease')],
    diff: semver.diff('1.2.3', '2.0.0-pre'),
    coerce: ['v2', '42.6.7.9.3-alpha', 'x1.2y'].map((s) => String(semver.coerce(s))),
    parse: (({ major, minor, patch, prerelease, build }) => ({ major, minor, patch, prerelease, build }))(semver.parse('1.2.3-alpha.7+sha.1')),
    validRange: semver.validRange('1.x || >=2.5.0 || 5.0.0 - 7.2.3'),
    intersects: semver.intersects('^1.2.0', '>=1.5.0 <2'),
    gtr: semver.gtr('3.0.0', '^2'),
    simplify: semver.simplifyRange(['1.1.0', '1.2.0', '1.3.0'], '1.1.0 || 1.2.0 || 1.3.0'),
    subset: semver.subset('^1.2.3', '^1'),
    compareBuild: semver.compareBuild('1.0.0+a', '1.0.0+b'),
    classes: [new semver.SemVer('1.0.0').compare('1.0.1'), new semver.Range('^1').test('1.9.0')],
    error: (() => { try { new semver.SemVer('nope') } catch (e) { return [e.name, e.message] } })(),
  }
}
