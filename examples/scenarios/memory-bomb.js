// A memory bomb: explode() keeps every chunk it makes, forever.
const hoard = []
exports.explode = function explode() {
  for (let i = 0; ; i++) hoard.push({ i, text: 'boom'.repeat(1 << 14) + i })
}
