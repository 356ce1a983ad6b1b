// Package corpus pins the real Go modules that scripts/real-corpus.sh rewrites
// with go-defer-rewriter and then builds, vets and tests. Importing one package
// of each keeps them (and their dependencies) in go.mod and go.sum through
// `go mod tidy`; nothing here is meant to run.
package corpus

import (
	_ "github.com/prometheus/prometheus/tsdb"
	_ "go.etcd.io/etcd/server/v3/storage/mvcc"
	_ "google.golang.org/grpc"
	_ "k8s.io/client-go/tools/cache"
)
