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
# Runs as root, as the node image does: the k8s-job manifests set no fsGroup, and a freshly provisioned
# ReadWriteMany volume is often writable by root only.
ENTRYPOINT ["fleetsim"]
CMD ["--help"]
