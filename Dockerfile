# Sitrep image. Build: docker build -t sitrep .   Run: docker run --env-file .env -p 3000:3000 sitrep
# better-sqlite3 compiles from source on Node 20, so the build stage needs a compiler; the runtime stage does not.
FROM node:20-bookworm-slim AS build
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production \
    SITREP_DB=/data/sitrep.db \
    SLACK_PORT=3000 \
    SITREP_HTTP_PORT=3000
COPY --from=build /app/node_modules ./node_modules
COPY package.json ./
COPY bin ./bin
COPY commands ./commands
COPY prompts ./prompts
COPY src ./src
# The SQLite default keeps its files here; with SITREP_DB=postgres://… the volume stays empty.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.SITREP_HTTP_PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# serve: Slack/Discord when configured, health and metrics on SITREP_HTTP_PORT. Stops cleanly on SIGTERM.
CMD ["node", "bin/sitrep.js", "serve"]
