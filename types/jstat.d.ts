// Minimal typings for the parts of jstat fleetsim uses (jstat ships none). jstat is CommonJS:
// its module.exports object carries a `jStat` property.
declare module 'jstat' {
  interface JStat {
    studentt: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
    normal: { inv(p: number, mean: number, std: number): number; cdf(x: number, mean: number, std: number): number };
    gammaln(x: number): number;
    gammafn(x: number): number;
    gammap(a: number, x: number): number;
  }
  const pkg: { jStat: JStat };
  export default pkg;
}
