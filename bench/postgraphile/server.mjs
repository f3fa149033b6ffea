// PostGraphile, the peer of `make bench-api`, served as its docs recommend for several
// cores: one Node process per core behind Node's cluster module (the primary accepts
// connections and hands them round-robin to the workers), production mode, the amber
// preset, no GraphiQL. Usage:
//   DATABASE_URL=postgres://… PORT=8301 WORKERS=2 node server.mjs
import cluster from "node:cluster";
import { createServer } from "node:http";

// PostGraphile 5 asks for Node >= 22; on Node 20 the one thing missing is
// Promise.withResolvers (Node 22 has it natively, and then this does nothing).
if (typeof Promise.withResolvers !== "function") {
  Promise.withResolvers = function withResolvers() {
    let resolve;
    let reject;
    const promise = new this((yes, no) => {
      resolve = yes;
      reject = no;
    });
    return { promise, resolve, reject };
  };
}

const workers = Number(process.env.WORKERS ?? 2);
const port = Number(process.env.PORT ?? 8301);

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i += 1) cluster.fork();
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} exited (${code})`);
  });
  process.on("SIGTERM", () => {
    for (const worker of Object.values(cluster.workers)) worker?.kill();
    process.exit(0);
  });
} else {
  const { postgraphile } = await import("postgraphile");
  const { grafserv } = await import("postgraphile/grafserv/node");
  const { PostGraphileAmberPreset } = await import("postgraphile/presets/amber");
  const { makePgService } = await import("postgraphile/adaptors/pg");
  const preset = {
    extends: [PostGraphileAmberPreset],
    pgServices: [
      makePgService({ connectionString: process.env.DATABASE_URL, schemas: ["public"] }),
    ],
    grafserv: { port, graphiql: false, watch: false },
    grafast: { explain: false },
  };
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.on("error", (error) => {
    console.error(error);
    process.exit(1);
  });
  serv.addTo(server).catch((error) => {
    console.error(error);
    process.exit(1);
  });
  server.listen(port, "127.0.0.1");
  console.error(`postgraphile worker ${process.pid} on http://127.0.0.1:${port}/graphql`);
}
