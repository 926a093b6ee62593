-- partition key changes (rebuild)
--- a
create table ev (id int, at date not null) partition by range (at);
--- b
create table ev (id int, at date not null) partition by hash (id);
