module example.com/hotpath

go 1.22
