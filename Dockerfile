# syntax=docker/dockerfile:1
# One image for every OpenLocal component (deploy.md §11, ADR-0064): entrypoint `openlocal`, `args:` start with the
# subcommand (agent | csi | controller | extender | scheduler | version), so open-local's manifests keep working.
# Build (needs a container engine; none exists on the development machines, so this file is not built there):
#   docker build -t openlocal/openlocal:0.1.0 --build-arg GIT_COMMIT=$(git rev-parse HEAD) .
# Bases are pinned by version tag; pin them by digest (@sha256:…) in the release pipeline that pushes the image.
ARG DOTNET_VERSION=10.0
ARG UBUNTU=noble

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}-${UBUNTU} AS build
ARG TARGETARCH
ARG GIT_COMMIT=unknown
WORKDIR /src
# The project graph of src/Hosts/Cli and the build policy it inherits.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY protos/ protos/
COPY src/ src/
RUN case "${TARGETARCH:-amd64}" in amd64) rid=linux-x64 ;; arm64) rid=linux-arm64 ;; *) echo "unsupported arch ${TARGETARCH}" >&2; exit 1 ;; esac \
 && dotnet publish src/Hosts/Cli/OpenLocal.Cli.csproj -c Release -r "$rid" --self-contained false \
      -p:PublishReadyToRun=true -p:SourceRevisionId="${GIT_COMMIT}" -o /out

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-${UBUNTU}
# The node commands' tools (csi --driver-mode=node, agent): mount/umount/blkid/wipefs/nsenter, mkfs and resize of
# ext4 and xfs, and lvm2 for --lvm-exec=direct (by default lvm2 runs on the host through nsenter, ADR-0018).
RUN apt-get update \
 && apt-get install -y --no-install-recommends util-linux mount e2fsprogs xfsprogs lvm2 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /out/ /opt/openlocal/
RUN ln -s /opt/openlocal/openlocal /usr/local/bin/openlocal
# No network at run time, no shell needed by the product, no HEALTHCHECK (Kubernetes probes are in the manifests).
# The default user is root because the node pod (lvm2, mkfs, mount) needs it and open-local's manifests set no user;
# the shipped controller and extender pods run as uid 65532 with runAsNonRoot (deploy/helm).
ENTRYPOINT ["/usr/local/bin/openlocal"]
CMD ["--help"]
