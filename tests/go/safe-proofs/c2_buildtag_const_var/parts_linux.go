//go:build linux

package c2buildtagconstvar

// parts is configured at run time on linux; zero until then.
var parts int
