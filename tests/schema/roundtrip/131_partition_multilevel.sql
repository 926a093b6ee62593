-- two-level partitions
--- a
create table users (id bigint primary key, email text);
insert into users values (1, 'a@x'), (2, 'b@x');
--- b
create table m (id int, at date, k int) partition by range (at);
create table m_2024 partition of m for values from ('2024-01-01') to ('2025-01-01') partition by hash (k);
create table m_2024_0 partition of m_2024 for values with (modulus 2, remainder 0);
create table m_2024_1 partition of m_2024 for values with (modulus 2, remainder 1);
