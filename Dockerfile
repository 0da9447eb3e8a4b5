# Upstack's app server: the Remix build plus what `npm run docker-start` needs
# to apply migrations before listening on port 3000.
#
#   docker build -t upstack .
#   docker run -p 3000:3000 --env-file .env upstack
#
# Data: with DATABASE_URL unset, SQLite lives in /app/prisma/upstack.sqlite,
# inside the container, and is lost with it. Use PostgreSQL in production
# (DATABASE_URL=postgresql://...), or keep SQLite on a volume:
#   -v upstack-data:/data -e DATABASE_URL=file:/data/upstack.sqlite
# Not a volume over /app/prisma: it would hide the migrations of newer images.

# Debian rather than Alpine: glibc builds of libSQL and esbuild, as tested.
FROM node:22-slim AS manifests
WORKDIR /app
COPY . .
# Keep only what `npm ci` reads (the lockfile and every package.json, so the
# workspaces in packages/ and extensions/ resolve, however many there are):
# the install layers below are then reused until a dependency changes.
RUN find . -type f ! -name package.json ! -name package-lock.json ! -name .npmrc -delete \
 && find . -type d -empty -delete

FROM node:22-slim AS build
WORKDIR /app
COPY --from=manifests /app ./
# Vite and Remix are dev dependencies. --ignore-scripts: nothing here needs an
# install script, and Prisma's would download engines this project never uses.
RUN npm ci --include=dev --ignore-scripts --no-audit --no-fund
COPY . .
# The generated Prisma client (app/db/generated) is bundled into build/server.
RUN npm run db:generate && npm run build

FROM node:22-slim
WORKDIR /app
ENV NODE_ENV=production
# No registry call for npm's update check each time the container starts.
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
COPY --from=manifests /app ./
# The prisma CLI is a production dependency: migrations run at start.
# @prisma/client's own script still has to write node_modules/.prisma/client,
# which @shopify/shopify-app-session-storage-prisma requires at runtime.
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm rebuild @prisma/client \
 && npm cache clean --force
COPY --from=build /app/build ./build
# The production server (`npm start` and docker-start run it).
COPY server.mjs ./
# `npm run db:migrate` runs scripts/database.mjs -> prisma, whose prisma.config.ts
# imports app/db/database-target.server.ts to choose SQLite or PostgreSQL.
COPY scripts/database.mjs ./scripts/
COPY prisma.config.ts ./
COPY app/db/database-target.server.ts ./app/db/
COPY prisma ./prisma
# The server runs unprivileged; it writes only the SQLite file (and its journal).
RUN chown -R node:node prisma && mkdir /data && chown node:node /data
USER node
EXPOSE 3000
CMD ["npm", "run", "docker-start"]
