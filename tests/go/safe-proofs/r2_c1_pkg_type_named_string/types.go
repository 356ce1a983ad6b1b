package r2c1pkgtypenamedstring

// string is the package's key type: any value.
type string = any
