# The dossier container image, for CI systems. GoReleaser builds it (see
# dockers_v2 in .goreleaser.yaml) from the binaries it built: the build
# context holds linux/amd64/dossier and linux/arm64/dossier, and buildx
# sets TARGETPLATFORM to one of those folders. It cannot be built with a
# plain "docker build ." from the source tree.
#
# distroless/static: no shell, no package manager, a nonroot user (65532).
FROM gcr.io/distroless/static-debian12:nonroot
ARG TARGETPLATFORM
COPY $TARGETPLATFORM/dossier /dossier
ENTRYPOINT ["/dossier"]
