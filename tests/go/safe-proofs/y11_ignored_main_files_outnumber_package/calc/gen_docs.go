//go:build ignore

// Another generator (go run gen_docs.go gen_table.go).
package main

// Docs returns the documentation.
func Docs() string { return "calc" }
