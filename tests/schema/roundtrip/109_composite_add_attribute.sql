-- composite gains an attribute
--- a
create type address as (street text, city text);
--- b
create type address as (street text, city text, zip text);
