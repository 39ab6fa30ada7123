// ajv: compile JSON schemas to code (new Function), validate, formats of errors, $ref and keywords.
module.exports = function probe(Ajv) {
  const A = Ajv.default || Ajv
  const ajv = new A({ allErrors: true, coerceTypes: false, useDefaults: true })
  const schema = {
    $id: 'http://example.com/user',
    type: 'object',
    properties: {
      id: { type: 'integer', minimum: 1 },
      name: { type: 'string', minLength: 2, pattern: '^[A-Z]' },
      tags: { type: 'array', items: { type: 'string' }, uniqueItems: true, maxItems: 3 },
      address: { $ref: '#/$defs/address' },
      role: { enum: ['admin', 'user'], default: 'user' },
      kind: { oneOf: [{ const: 'a' }, { type: 'number', multipleOf: 3 }] },
    },
    required: ['id', 'name'],
    additionalProperties: false,
    $defs: { address: { type: 'object', properties: { zip: { type: 'string', maxLength: 5 } }, required: ['zip'] } },
  }
  const validate = ajv.compile(schema)
  const ok = { id: 1, name: 'Ann', tags: ['x'], address: { zip: '123' }, kind: 9 }
  const bad = { id: 0, name: 'b', tags: ['x', 'x', 'y', 'z'], address: {}, extra: true, role: 'root', kind: 4 }
  const r1 = validate(ok)
  const okAfter = JSON.parse(JSON.stringify(ok))
  const r2 = validate(bad)
  const errors = validate.errors.map((e) => [e.instancePath, e.keyword, e.message, JSON.stringify(e.params)])
  ajv.addKeyword({ keyword: 'even', type: 'number', validate: (s, d) => (d % 2 === 0) === s })
  const even = ajv.compile({ type: 'number', even: true })
  return {
    r1, okAfter, r2, errors,
    even: [even(2), even(3)],
    errorsText: ajv.errorsText([{ instancePath: '/a', message: 'is bad' }]),
    validateSchema: ajv.validateSchema({ type: 'nope' }),
    getSchema: typeof ajv.getSchema('http://example.com/user'),
    codeLength: validate.toString().length > 100,
  }
}
