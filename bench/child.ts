/** Entry of a measurement process: `node child.js TASK JSON` prints the task's result as JSON. */
import { tasks, type TaskName } from './tasks.js';

const [name, json] = process.argv.slice(2);
if (!(name in tasks)) {
  console.error(`unknown bench task ${name}; known: ${Object.keys(tasks).join(', ')}`);
  process.exit(2);
}
const task = tasks[name as TaskName] as (params: unknown) => Promise<unknown>;
console.log(JSON.stringify(await task(JSON.parse(json ?? '{}'))));
