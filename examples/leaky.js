// A module that leaks: every call grows a module-level array that nothing ever empties.
const leaks = []
exports.leak = function leak() {
  for (let i = 0; i < 1000; i++) leaks.push({ i, payload: 'x'.repeat(100) })
  return leaks.length
}
