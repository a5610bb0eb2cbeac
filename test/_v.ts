import { checkMessage } from "../src/index.ts";
const t = (variables: unknown) => checkMessage({ type: "template", to: "+31612345678", template: { name: "n", language: "en", variables } });
console.log(JSON.stringify(t(5).issues));
console.log(JSON.stringify(t({ "a b": 1, ok: null }).issues));
console.log(JSON.stringify(t(JSON.parse('{"__proto__":"x","constructor":"y","prototype":"z","toString":"w"}'))));
console.log(JSON.stringify(checkMessage({ type: "template", to: "+31612345678", template: { name: "n" } }).issues));
