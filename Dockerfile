# The image "fleetsim k8s-job --image" runs: fleetsim on PATH (ENTRYPOINT), /bin/sh for the Job's
# shell wrapper. Two stages: the build needs TypeScript (a devDependency); the runtime image holds
# only production dependencies, dist/ and the bundled scenarios.
#   docker build -t ghcr.io/acme/fleetsim:0.1.0 .
#   docker run --rm ghcr.io/acme/fleetsim:0.1.0 run default --replications 2 --no-report

FROM node:20.19-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: "prepare" builds, and the sources are not copied yet.
RUN npm ci --ignore-scripts
COPY tsconfig.json tsconfig.build.json ./
COPY types ./types
COPY src ./src
COPY bench ./bench
COPY scripts/build ./scripts/build
RUN npm run build

FROM node:20.19-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY scenarios ./scenarios
COPY docs ./docs
COPY README.md ./
# "npm link" would run the build again; the bin is one file with its own #!/usr/bin/env node.
RUN chmod +x dist/src/cli/main.js && ln -s /app/dist/src/cli/main.js /usr/local/bin/fleetsim
# Runs as the node image's unprivileged "node" user (uid and gid 1000). The k8s-job pods say the same
# numbers (runAsNonRoot, runAsUser 1000) and set fsGroup 1000, so the kubelet makes the shared results
# volume group-writable for it even where a fresh ReadWriteMany volume belongs to root. /app stays
# root-owned and read-only to it; relative outputs (reports/, .fleetsim/) go under its home.
USER node
WORKDIR /home/node
ENTRYPOINT ["fleetsim"]
CMD ["--help"]
