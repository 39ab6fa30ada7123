// decimal.js: arbitrary-precision decimal arithmetic, configuration clones, trig and formatting.
module.exports = function probe(Decimal) {
  const D = Decimal.clone({ precision: 50, rounding: Decimal.ROUND_HALF_EVEN })
  const a = new D('0.1')
  const b = new D('0.2')
  return {
    sum: a.plus(b).toString(),
    div: new D(1).div(7).toString(),
    sqrt2: new D(2).sqrt().toString(),
    pow: new D(2).pow(200).toString(),
    exp: new D(1).exp().toSignificantDigits(40).toString(),
    // oxlint-disable-next-line oxc/number-arg-out-of-range -- Decimal's toFixed, not Number's
    ln: new D(10).ln().toFixed(30),
    pi: D.acos(-1).toString(),
    sin: new D('0.5').sin().toPrecision(20),
    fixed: [new D('123.456').toFixed(1), new D('-0.000001234').toExponential(2), new D('1e-7').toString()],
    cmp: [a.cmp(b), a.eq('0.10'), new D(NaN).isNaN(), new D(-0).isNeg()],
    hex: new D(255.5).toHex(),
    bin: new D('0b1011.1').toString(),
    fraction: new D('0.625').toFraction().map(String),
    round: ['2.5', '3.5', '-2.5'].map((x) => new D(x).toDecimalPlaces(0).toString()),
    defaultPrecision: new Decimal(1).div(3).toString(),
    minMax: [D.max(1, '3', -2).toString(), D.min(1, '3', -2).toString()],
    random: D.random(10).decimalPlaces() <= 10,
  }
}
