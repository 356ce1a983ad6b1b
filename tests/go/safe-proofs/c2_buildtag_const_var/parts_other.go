//go:build !linux

package c2buildtagconstvar

const parts = 4
