package r3d7flagtxpointertakenbeforedefer

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"sync/atomic"
)

// A minimal driver that counts commits and rollbacks.
var commits, rollbacks atomic.Int32

type drv struct{}
type conn struct{}
type tx struct{}

func (drv) Open(string) (driver.Conn, error)     { return conn{}, nil }
func (conn) Prepare(string) (driver.Stmt, error) { return nil, errors.New("unsupported") }
func (conn) Close() error                        { return nil }
func (conn) Begin() (driver.Tx, error)           { return tx{}, nil }
func (tx) Commit() error                         { commits.Add(1); return nil }
func (tx) Rollback() error                       { rollbacks.Add(1); return nil }

func init() { sql.Register("counting", drv{}) }
