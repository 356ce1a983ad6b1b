// Package meta: Info.Kind has a value receiver and a body that cannot panic.
package meta

// Info describes a thing.
type Info struct{ Tag string }

// Kind returns a constant.
func (Info) Kind() string { return "info" }
