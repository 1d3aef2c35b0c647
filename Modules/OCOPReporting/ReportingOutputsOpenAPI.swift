/// Reporting's targets, exports and charts in `/openapi.yaml` (the statistics have their own fragment).
enum ReportingOutputsOpenAPI {
    static let document = #"""
paths:
  /api/v1/reports/indicators:
    get:
      operationId: listReportIndicators
      summary: Indicators targets can name, each with its exact definition and the plugin that contributes it
      tags: [reporting]
      security: [{bearer: []}]
      responses:
        '200':
          description: Every indicator
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/TargetIndicator'}}
        '403': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/targets:
    get:
      operationId: listReportTargets
      summary: Progress of every target pack of a province and year (officers read their own province)
      tags: [reporting]
      security: [{bearer: []}]
      parameters:
        - {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}, description: "2025 province code; default the caller's own (national admins: every province)"}
        - {name: year, in: query, schema: {type: integer, minimum: 2018, maximum: 2100}, description: 'Programme year; default the as-of day''s year, or this year'}
        - {name: as_of, in: query, schema: {type: string, format: date}, description: 'Day the figures are taken on; default today, or 31 December of a past year'}
      responses:
        '200':
          description: The packs with each target's value, counts, target, met or not, progress
          content:
            application/json:
              schema:
                type: object
                required: [year, as_of, packs]
                properties:
                  province_code: {type: string}
                  year: {type: integer}
                  as_of: {type: string, format: date}
                  packs: {type: array, items: {$ref: '#/components/schemas/TargetPackProgress'}}
        '403': {$ref: '#/components/responses/Problem'}
        '400': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/targets/{pack}:
    get:
      operationId: getReportTargetPack
      summary: One target pack's progress as JSON, or `{pack}.csv`, `{pack}.xlsx`, `{pack}.json` to download it as a table
      tags: [reporting]
      security: [{bearer: []}]
      parameters:
        - {name: pack, in: path, required: true, schema: {type: string}, description: 'Pack ID, optionally with .csv, .xlsx or .json'}
        - {name: as_of, in: query, schema: {type: string, format: date}}
      responses:
        '200':
          description: The pack's progress (JSON), or the progress table as a file (Content-Disposition names province and day)
          content:
            application/json:
              schema: {$ref: '#/components/schemas/TargetPackProgress'}
            text/csv:
              schema: {type: string}
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet:
              schema: {type: string, format: binary}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '400': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/exports/{file}:
    get:
      operationId: exportReportTable
      summary: A report table as a file, `targets.{csv,xlsx,json}` or a statistic's `{id}.{csv,xlsx,json}`
      description: CSV is UTF-8 with a byte-order mark, CR LF line ends and Vietnamese column titles (Excel opens it as is); XLSX keeps numbers as numbers with a title, definition and as-of block; JSON holds the table with its definition.
      tags: [reporting]
      security: [{bearer: []}]
      parameters:
        - {name: file, in: path, required: true, schema: {type: string}, description: 'NAME.csv, NAME.xlsx or NAME.json'}
        - {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}}
        - {name: year, in: query, schema: {type: integer, minimum: 2018, maximum: 2100}}
        - {name: as_of, in: query, schema: {type: string, format: date}}
      responses:
        '200':
          description: The table as a download
          content:
            text/csv:
              schema: {type: string}
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet:
              schema: {type: string, format: binary}
            application/json:
              schema: {$ref: '#/components/schemas/ExportTable'}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '400': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/workbook.xlsx:
    get:
      operationId: getReportWorkbook
      summary: The standard province report as one XLSX workbook (a contents sheet, a sheet per statistic, the targets' progress)
      tags: [reporting]
      security: [{bearer: []}]
      parameters:
        - {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}}
        - {name: year, in: query, schema: {type: integer, minimum: 2018, maximum: 2100}}
        - {name: as_of, in: query, schema: {type: string, format: date}}
      responses:
        '200':
          description: The workbook (Content-Disposition names province and day)
          content:
            application/vnd.openxmlformats-officedocument.spreadsheetml.sheet:
              schema: {type: string, format: binary}
        '403': {$ref: '#/components/responses/Problem'}
        '400': {$ref: '#/components/responses/Problem'}
  /api/v1/reports/charts/{file}:
    get:
      operationId: getReportChart
      summary: 'Charts: stars-by-sector.svg, products-by-year.svg (SVG with title, description and text labels), coverage-by-commune.html (a table sorted through links)'
      tags: [reporting]
      security: [{bearer: []}]
      parameters:
        - {name: file, in: path, required: true, schema: {type: string, enum: [stars-by-sector.svg, products-by-year.svg, coverage-by-commune.html]}}
        - {name: province, in: query, schema: {type: string, pattern: '^[0-9]{2}$'}}
        - {name: as_of, in: query, schema: {type: string, format: date}}
        - {name: sort, in: query, schema: {type: string}, description: 'coverage-by-commune.html: the column to sort by'}
        - {name: order, in: query, schema: {type: string, enum: [asc, desc]}}
      responses:
        '200':
          description: The chart
          content:
            image/svg+xml:
              schema: {type: string}
            text/html:
              schema: {type: string}
        '403': {$ref: '#/components/responses/Problem'}
        '404': {$ref: '#/components/responses/Problem'}
        '400': {$ref: '#/components/responses/Problem'}
components:
  schemas:
    TargetIndicator:
      type: object
      required: [id, title_vi, title_en, definition, unit, plugin]
      properties:
        id: {type: string}
        title_vi: {type: string}
        title_en: {type: string}
        definition: {type: string}
        unit: {type: string, enum: [count, percent]}
        plugin: {type: string}
    TargetPackProgress:
      type: object
      required: [id, province_code, year, title, origin, as_of, queried_at, targets]
      properties:
        id: {type: string}
        province_code: {type: string}
        year: {type: integer}
        title: {type: string}
        source: {type: string}
        origin: {type: string, description: 'The contributing plugin, or config and the key that declared it'}
        as_of: {type: string, format: date}
        queried_at: {type: string, format: date-time}
        targets: {type: array, items: {$ref: '#/components/schemas/TargetProgress'}}
    TargetProgress:
      type: object
      required: [indicator, title_vi, title_en, definition, unit, comparison, target, met]
      properties:
        indicator: {type: string}
        title_vi: {type: string}
        title_en: {type: string}
        definition: {type: string}
        unit: {type: string, enum: [count, percent]}
        comparison: {type: string, enum: [at_least, at_most]}
        target: {type: number}
        value: {type: number, description: 'Absent when the indicator is unavailable'}
        numerator: {type: integer}
        denominator: {type: integer}
        note: {type: string}
        met: {type: boolean}
        progress_percent: {type: number}
        unavailable: {type: string, description: 'Why there is no value (e.g. ocop.events is not enabled)'}
    ExportTable:
      type: object
      required: [id, title, definition, as_of, queried_at, columns, rows]
      properties:
        id: {type: string}
        title: {type: string}
        definition: {type: string}
        as_of: {type: string, format: date}
        queried_at: {type: string}
        columns:
          type: array
          items:
            type: object
            required: [name, title, kind]
            properties:
              name: {type: string}
              title: {type: string}
              kind: {type: string, enum: [text, integer, percent, vnd, date]}
        rows: {type: array, items: {type: array, items: {}}}
"""#
}
