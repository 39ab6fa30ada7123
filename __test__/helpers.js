'use strict'
// Small helpers shared by the spec files (not a spec itself: Jest runs only *.spec.js).

// The error `fn` throws; fails the test if it throws nothing.
function thrown(fn) {
  try {
    fn()
  } catch (error) {
    return error
  }
  throw new Error('expected a throw')
}

module.exports = { thrown }
