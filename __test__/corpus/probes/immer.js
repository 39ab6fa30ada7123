// immer: the host's own objects as the base state; the result is frozen deeply, unchanged
// subtrees (the host's objects) included, by code inside the engine.
module.exports = function probe(immer) {
  const { produce } = immer
  const base = { todos: [{ id: 1, done: false }, { id: 2, done: false }], meta: { count: 2 } }
  const next = produce(base, (draft) => {
    draft.todos[0].done = true
    draft.todos.push({ id: 3, done: false })
    draft.meta.count = 3
  })
  const curried = produce((draft, n) => { draft.meta.count += n })
  const patches = []
  immer.enablePatches()
  immer.produce(next, (draft) => { draft.meta.count = 10 }, (p) => patches.push(...p))
  return {
    next: JSON.parse(JSON.stringify(next)),
    shared: next.todos[1] === base.todos[1],
    frozen: [Object.isFrozen(next), Object.isFrozen(next.todos), Object.isFrozen(next.todos[0]), Object.isFrozen(base.todos[1])],
    baseUntouched: [base.todos[0].done, base.meta.count, Object.isFrozen(base)],
    curried: curried(next, 5).meta.count,
    patches: JSON.parse(JSON.stringify(patches)),
  }
}
