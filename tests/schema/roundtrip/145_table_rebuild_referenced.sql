-- a partitioned table is rebuilt (partition key changes) while a view reads it
--- a
create table ev (id int, at date not null, k int) partition by range (at);
create view ev_ids as select id from ev;
--- b
create table ev (id int, at date not null, k int) partition by list (k);
create view ev_ids as select id from ev;
