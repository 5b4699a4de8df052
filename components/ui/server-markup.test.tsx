import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Alert } from "./alert";
import { Badge } from "./badge";
import { Button } from "./button";
import { Card, CardContent, CardDescription, CardFooter, CardHeader, CardTitle } from "./card";
import { DeviceIcon } from "./device-icon";
import { Dialog, DialogContent, DialogTrigger } from "./dialog";
import { Input } from "./input";
import { Label } from "./label";
import { StackedList, StackedListItem } from "./list";
import { Menu, MenuContent, MenuItem, MenuTrigger } from "./menu";
import { PasswordInput } from "./password-input";
import { RelativeTime } from "./relative-time";
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "./table";

// The CSP blocks server-rendered style attributes (decision 090): none of the components may render one.
describe("components under the CSP", () => {
  const cases = {
    button: <Button>Go</Button>,
    input: <Input aria-label="Name" />,
    label: <Label htmlFor="x">X</Label>,
    "password input": <PasswordInput aria-label="Password" />,
    card: (
      <Card>
        <CardHeader>
          <CardTitle>T</CardTitle>
          <CardDescription>D</CardDescription>
        </CardHeader>
        <CardContent>C</CardContent>
        <CardFooter>F</CardFooter>
      </Card>
    ),
    alert: <Alert tone="warning">Careful</Alert>,
    badge: <Badge tone="success">Active</Badge>,
    table: (
      <Table label="Users">
        <TableHeader>
          <TableRow>
            <TableHead>Name</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          <TableRow>
            <TableCell>Ada</TableCell>
          </TableRow>
        </TableBody>
      </Table>
    ),
    list: (
      <StackedList>
        <StackedListItem>One</StackedListItem>
      </StackedList>
    ),
    "device icon": <DeviceIcon kind="phone" />,
    "relative time": <RelativeTime dateTime="2026-12-06T11:00:00.000Z" fallback="6 Dec 2026, 11:00 UTC" />,
    "dialog, open": (
      <Dialog defaultOpen>
        <DialogTrigger>Open</DialogTrigger>
        <DialogContent title="Sure?">Body</DialogContent>
      </Dialog>
    ),
    "menu, open": (
      <Menu defaultOpen>
        <MenuTrigger>Open</MenuTrigger>
        <MenuContent>
          <MenuItem>One</MenuItem>
        </MenuContent>
      </Menu>
    ),
  };

  for (const [name, element] of Object.entries(cases)) {
    it(`${name} renders no style attribute on the server`, () => {
      expect(renderToString(element)).not.toMatch(/\sstyle=/);
    });
  }

  it("a relative time renders its fallback on the server (the browser alone knows the reader's clock and zone)", () => {
    expect(renderToString(<RelativeTime dateTime="2026-12-06T11:00:00.000Z" fallback="6 Dec 2026, 11:00 UTC" />)).toBe(
      '<time dateTime="2026-12-06T11:00:00.000Z" title="6 Dec 2026, 11:00 UTC">6 Dec 2026, 11:00 UTC</time>',
    );
  });

  it("a device icon is hidden from assistive technology", () => {
    expect(renderToString(<DeviceIcon kind="computer" />)).toMatch(/^<span aria-hidden="true"/);
  });

  it("alerts are live regions: errors interrupt, other tones wait", () => {
    expect(renderToString(<Alert tone="error">No</Alert>)).toContain('role="alert"');
    expect(renderToString(<Alert tone="success">Yes</Alert>)).toContain('role="status"');
    expect(
      renderToString(
        <Alert tone="info" role="none">
          Hi
        </Alert>,
      ),
    ).not.toContain("role=");
  });
});
