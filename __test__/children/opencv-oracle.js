'use strict'
// Node's own results for the opencv.js pipeline (plain require): one JSON line.
//   node opencv-oracle.js <size>
const { whenReady, run } = require('../fixtures/opencv/pipeline.js')
const size = Number(process.argv[2] || 64)
const cv = require('@techstark/opencv-js')
whenReady(cv).then(() => {
  console.log(JSON.stringify(run(cv, size, size)))
})
