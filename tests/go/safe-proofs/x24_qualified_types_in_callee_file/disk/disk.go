// Package disk: Open's result and Disk's field are written `*store.File`, and
// the alias File is `store.File`; in this file `store` is the package in
// directory slow.
package disk

import store "safeproofs/x24_qualified_types_in_callee_file/slow"

// Open returns a new file.
func Open() *store.File { return &store.File{} }

// Disk holds the file in use.
type Disk struct{ Cur *store.File }

// File is an alias of slow's File.
type File = store.File
