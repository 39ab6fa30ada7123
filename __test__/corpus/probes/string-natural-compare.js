// string-natural-compare: an engine function as the host's sort comparator.
module.exports = function probe(naturalCompare) {
  const names = ['img12.png', 'img10.png', 'IMG2.png', 'img1.png', 'a', 'B', 'a1b2', 'a1b10', 'ä', 'z']
  return {
    sorted: names.slice().sort(naturalCompare),
    caseInsensitive: names.slice().sort((a, b) => naturalCompare(a, b, { caseInsensitive: true })),
    alphabet: names.slice().sort((a, b) => naturalCompare(a, b, { alphabet: 'zyxwvutsrqponmlkjihgfedcba' })),
  }
}
