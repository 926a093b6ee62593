-- servers: 15 16 18
-- a range type whose definition changes while columns use it (the range, its multirange, an array of it, a default):
-- the columns go through text while the type is dropped and created again (its multirange type and constructors come
-- with it), on a plain and a partitioned table; the exclusion constraint, index (and its comment) and replica identity
-- on them, a view on the columns and a function taking the range are dropped and created again around it
--- a
create type price_range as range (subtype = numeric);
create table offers (
  id int primary key,
  price price_range not null default '[20,30)',
  prices price_multirange,
  history price_range[],
  constraint offers_no_overlap exclude using gist (price with &&)
);
create unique index offers_price_key on offers (price);
alter table offers replica identity using index offers_price_key;
create index offers_prices on offers using gist (prices);
comment on index offers_prices is 'finds offers by their price ranges';
insert into offers values (1, '[1.5,2)', '{[1,2),[3,4)}', '{"[1,2)"}'), (2, default, null, null);
create table bookings (id int, at date, during price_range) partition by range (at);
create table bookings_2024 partition of bookings for values from ('2024-01-01') to ('2025-01-01');
insert into bookings values (1, '2024-02-02', '[1,3)');
create view offer_prices as select id, price from offers;
create function price_text(r price_range) returns text language sql as 'select r::text';
--- b
create type price_range as range (subtype = float8, subtype_diff = float8mi);
create table offers (
  id int primary key,
  price price_range not null default '[20,30)',
  prices price_multirange,
  history price_range[],
  constraint offers_no_overlap exclude using gist (price with &&)
);
create unique index offers_price_key on offers (price);
alter table offers replica identity using index offers_price_key;
create index offers_prices on offers using gist (prices);
comment on index offers_prices is 'finds offers by their price ranges';
insert into offers values (1, '[1.5,2)', '{[1,2),[3,4)}', '{"[1,2)"}'), (2, default, null, null);
create table bookings (id int, at date, during price_range) partition by range (at);
create table bookings_2024 partition of bookings for values from ('2024-01-01') to ('2025-01-01');
insert into bookings values (1, '2024-02-02', '[1,3)');
create view offer_prices as select id, price from offers;
create function price_text(r price_range) returns text language sql as 'select r::text';
