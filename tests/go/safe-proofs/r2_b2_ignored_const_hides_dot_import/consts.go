//go:build ignore

package r2b2ignoredconsthidesdotimport

const N = 4
