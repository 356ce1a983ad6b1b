// Package lintcorpus pins the real Go modules that scripts/lint-compare.sh
// rewrites with go-defer-rewriter and then lints (revive, staticcheck) before
// and after. Importing one package of each keeps them (and their dependencies)
// in go.mod and go.sum through `go mod tidy`; nothing here is meant to run.
package lintcorpus

import (
	_ "github.com/dgraph-io/badger/v4"
	_ "github.com/hashicorp/raft"
	_ "github.com/nats-io/nats-server/v2/server"
)
